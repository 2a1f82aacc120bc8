/* describe.h - grade describe: a lab's contract as JSON */
#ifndef DESCRIBE_H
#define DESCRIBE_H

/* `grade describe --lab NAME [--root DIR] [--packages]` (argv[0] is
 * "describe").  Reads the lab as grading does (lab.json and the GRADED()
 * tests, nothing built) and prints it as one JSON object on stdout, or with
 * --packages only its Debian packages, on one line.  Returns 0, or 2 with a
 * message on stderr when the lab cannot be read. */
int describe_main(int argc, char **argv);

#endif
