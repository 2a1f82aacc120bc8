/* add.h - the fixture lab's functions */

/* Returns a + b.  This function can't fail. */
int add(int a, int b);

/* Reads two integers from the file at path and stores their sum in *sum.
 * Returns 0, or -1 with errno set when the file cannot be opened or read
 * (EINVAL when it does not start with two integers).  The file is closed in
 * every case. */
int add_file(const char *path, int *sum);
