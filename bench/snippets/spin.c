
/* An infinite loop, as a student might write by mistake: it burns CPU. */
static void hostile_snippet(void)
{
	for (volatile int spin = 1; spin;)
		;
}
