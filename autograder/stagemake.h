/* stagemake.h - grade stage-and-make: stage a lab and run lab.mk on it */
#ifndef STAGEMAKE_H
#define STAGEMAKE_H

/* The hidden subcommand the make tests (tests/labmake_test.sh) use:
 *   grade stage-and-make --lab NAME --impl DIR --out DIR [--root DIR]
 *                        [--jobs N] [TARGET | VAR=VALUE]...
 * stages the lab into OUT/src as grading does, forgets the last links and
 * runs make with lab.mk, its output on stdout and stderr.  argv[0] is the
 * subcommand.  Returns make's exit status, or 2 when it could not run. */
int stagemake_main(int argc, char **argv);

#endif
