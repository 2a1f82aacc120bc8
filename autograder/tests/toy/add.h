/* add.h - the fixture lab's one function */
int add(int a, int b);
