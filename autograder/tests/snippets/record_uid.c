/* record_uid.c - planted at the start of a student function: leaves an empty
 * file named for the uid it runs as (uid-200064) in its working directory,
 * so that the grader's tests can see which uids a grading handed out.  It
 * changes nothing else: the solution it is planted in keeps full marks. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void hostile_snippet(void)
{
	char name[32];
	snprintf(name, sizeof name, "uid-%d", (int)getuid());
	int fd = open(name, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
}
