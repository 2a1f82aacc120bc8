# lab.mk - build a staged lab: the student's objects, the lab's programs,
# the official test runner and the coverage runner.
#
# The grader stages labs/NAME and the student's files into one directory
# (sync.c keeps unchanged files' mtimes) and runs, in that directory:
#
#   make -C SRC -f /abs/autograder/lab.mk -k -j2 OUT=... BIN=... COMMON=... \
#        STUDENT_FILES=... PROGRAMS="a b" a_SOURCES=... b_SOURCES=... target...
#
# (labmake.c builds that command line from lab.json.)  Everything is driven
# by the variables below; nothing is read from the lab itself.  Each source
# is compiled once per flag set, into an object directory of that set:
# OUT/obj/std/ (the normal flags: programs, runners, the build check) and
# OUT/obj/cov/ (--coverage), each mirroring the source paths under lab/
# (sources of the staged lab) and common/ (labs/common).  Each object's
# compiler output is kept beside it in OBJECT.log, and each linked file's in
# FILE.log, so the grader can show errors and warnings per file even when
# the file was up to date from an earlier run.  Changing the compiler or the
# flags rebuilds: each set has a stamp file rewritten only when they change.
#
# Variables (paths absolute, lists space-separated, no spaces in names):
#   OUT            output directory: obj/, official-tests, my-tests
#   BIN            where the programs are linked
#   COMMON         labs/common (graded.c, graded.h, scenario.h)
#   LAB_CFLAGS     lab.json "cflags"          LAB_LDLIBS   lab.json "ldlibs"
#   STUDENT_FILES  lab.json "student_files"   GIVEN_SOURCES lab.json "given_sources"
#   STUDENT_TESTS  lab.json "student_tests" (my_tests.c)
#   TESTS          the official tests (tests/*.c)
#   PROGRAMS       program names; NAME_SOURCES lists the sources of each
#   CC             the compiler (gcc)

LAB_MK := $(lastword $(MAKEFILE_LIST))
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all
SHELL := /bin/sh
CC := gcc

$(if $(wildcard lab.json),,$(error lab.mk runs in the staged lab: make -C SRC -f lab.mk))
$(foreach v,OUT BIN COMMON,$(if $(filter /%,$($v)),,$(error $v must be an absolute path)))

OBJ := $(OUT)/obj
FLAGS := -std=gnu11 -g -O0 -Wall -Wextra -I. -I$(COMMON) $(LAB_CFLAGS)
FLAGS_std := $(FLAGS)
FLAGS_cov := $(FLAGS) --coverage
# What each stamp records: a change of any of it rebuilds what depends on it.
STAMP_std := $(CC) $(FLAGS_std)
STAMP_cov := $(CC) $(FLAGS_cov)
STAMP_link := $(CC) $(FLAGS) -lcriterion -lcjson $(LAB_LDLIBS)

# $(call objs,SET,SOURCES): the objects of lab sources in one flag set.
objs = $(patsubst %.c,$(OBJ)/$1/lab/%.o,$2)
# $(call sq,TEXT): TEXT inside single quotes for the shell.
sq = $(subst ','\'',$1)

STUDENT_OBJS := $(call objs,std,$(STUDENT_FILES))
RUNNER := $(OUT)/official-tests
RUNNER_OBJS := $(call objs,std,$(TESTS) $(STUDENT_FILES) $(GIVEN_SOURCES)) \
	$(OBJ)/std/common/graded.o
COV_RUNNER := $(OUT)/my-tests
COV_OBJS := $(call objs,cov,$(STUDENT_TESTS) $(STUDENT_FILES) $(GIVEN_SOURCES)) \
	$(OBJ)/cov/common/graded.o
PROGRAM_FILES := $(addprefix $(BIN)/,$(PROGRAMS))
PROGRAM_OBJS := $(foreach p,$(PROGRAMS),$(call objs,std,$($p_SOURCES)))

.PHONY: all objects programs runner coverage help FORCE

all: objects programs runner coverage ## everything below

objects: $(STUDENT_OBJS) ## the student files, each alone, with their OBJECT.log

programs: $(PROGRAM_FILES) ## BIN/NAME for each of PROGRAMS

runner: $(RUNNER) ## OUT/official-tests: TESTS, student files, given sources, graded.c

# Counts left by an earlier run would add up with the next: they go.
coverage: $(COV_RUNNER) ## OUT/my-tests with --coverage, its counts (.gcda) reset
	@find $(OBJ)/cov -name '*.gcda' -delete

help: ## list the targets
	@echo "Targets of lab.mk (see its first lines for the variables):"
	@grep -hE '^[a-z]+:.*## ' $(LAB_MK) | \
		awk -F ':.*## ' '{ printf "  %-10s %s\n", $$1, $$2 }'

# $(call compile,SET): compile $< into $@, its output kept in $@.log.  The
# old $@ goes first: gcc leaves it when it fails, and make deletes only a
# target the recipe changed, so a failed object would look built.
define compile
@mkdir -p $(@D) && rm -f '$(call sq,$@)'
@printf '%s\n' '$(call sq,$(CC) $(FLAGS_$1) -MD -MP -c $< -o $@)'
@$(CC) $(FLAGS_$1) -MD -MP -c '$(call sq,$<)' -o '$(call sq,$@)' >'$(call sq,$@).log' 2>&1; \
	status=$$?; cat '$(call sq,$@).log'; exit $$status
endef

# $(call link,SET,LIBS): link the objects among $^ into $@, output in $@.log.
define link
@mkdir -p $(@D) && rm -f '$(call sq,$@)'
@printf '%s\n' '$(call sq,$(CC) $(FLAGS_$1) -o $@ $(filter %.o,$^) $2 $(LAB_LDLIBS))'
@$(CC) $(FLAGS_$1) -o '$(call sq,$@)' $(filter %.o,$^) $2 $(LAB_LDLIBS) \
	>'$(call sq,$@).log' 2>&1; status=$$?; cat '$(call sq,$@).log'; exit $$status
endef

$(OBJ)/std/lab/%.o: %.c $(OBJ)/std/flags
	$(call compile,std)

$(OBJ)/std/common/%.o: $(COMMON)/%.c $(OBJ)/std/flags
	$(call compile,std)

$(OBJ)/cov/lab/%.o: %.c $(OBJ)/cov/flags
	$(call compile,cov)

$(OBJ)/cov/common/%.o: $(COMMON)/%.c $(OBJ)/cov/flags
	$(call compile,cov)

# Always run, but rewritten only when the text changes: make compares the
# stamp's mtime before and after, so an unchanged stamp rebuilds nothing.
STAMPS := $(OBJ)/std/flags $(OBJ)/cov/flags $(OBJ)/link/flags
$(STAMPS): $(OBJ)/%/flags: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(call sq,$(STAMP_$*))' | cmp -s - $@ || \
		printf '%s\n' '$(call sq,$(STAMP_$*))' >$@

define program_rule
$(BIN)/$1: $(call objs,std,$($1_SOURCES)) $(OBJ)/link/flags
	$$(call link,std)
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$p)))

$(RUNNER): $(RUNNER_OBJS) $(OBJ)/link/flags
	$(call link,std,-lcriterion -lcjson)

$(COV_RUNNER): $(COV_OBJS) $(OBJ)/link/flags
	$(call link,cov,-lcriterion -lcjson)

-include $(sort $(RUNNER_OBJS:.o=.d) $(COV_OBJS:.o=.d) $(PROGRAM_OBJS:.o=.d))
