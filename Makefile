# Makefile - the course's one make: grade a lab, test the course, build the book.
#
#   make check lab=pipes [impl=solution|DIR] [test=GLOB]   grade a lab
#   make test                                  the instructor's self-test
#   make help                                  every target
#
# One make process sees the whole tree; the book and the handouts add their
# targets from included fragments.

.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
SHELL := /bin/bash

BUILD := build
GRADER := $(BUILD)/grader/grade
LABS := $(sort $(patsubst labs/%/lab.json,%,$(wildcard labs/*/lab.json)))

# What grading any lab needs on a fresh Debian or Ubuntu machine.  A lab that
# needs more (strace, curl, ...) names it in its lab.json "packages".
GRADER_PACKAGES := gcc make libc6-dev valgrind gcovr libcriterion-dev libcjson-dev \
	binutils diffutils patch
# What the self-test needs besides: jq reads results.json, prove runs the suites,
# python3-clang makes the mutation sweep's sample (scripts/test-mutants).
TEST_PACKAGES := jq perl python3-clang

# need_lab_packages LAB...: install what the labs' lab.json "packages" name,
# as the grader reads them.  A lab it cannot read installs nothing: grading
# it then says why.
need_lab_packages = scripts/need $$(for l in $(1); do $(GRADER) describe --packages --lab "$$l" 2>/dev/null; done)

CFLAGS_GRADER := -std=gnu11 -O2 -g -Wall -Wextra -MMD -MP
GRADER_SRCS := $(wildcard autograder/*.c)
GRADER_OBJS := $(patsubst autograder/%.c,$(BUILD)/grader/%.o,$(GRADER_SRCS))

$(BUILD)/.deps-grader: scripts/need
	@mkdir -p $(@D)
	@scripts/need $(GRADER_PACKAGES)
	@touch $@

$(BUILD)/.deps-test: scripts/need
	@mkdir -p $(@D)
	@scripts/need $(TEST_PACKAGES)
	@touch $@

$(BUILD)/grader/%.o: autograder/%.c $(BUILD)/.deps-grader
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_GRADER) -c $< -o $@

$(GRADER): $(GRADER_OBJS)
	$(CC) -o $@ $^ -lcjson

-include $(GRADER_OBJS:.o=.d)

# The grader's pure functions (scoring, verdicts, Valgrind logs, Classroom
# encoding) under Criterion, fed recorded inputs from autograder/tests/unit/.
UNIT_SRCS := $(wildcard autograder/tests/unit/*.c)
UNIT_OBJS := $(patsubst autograder/tests/unit/%.c,$(BUILD)/grader/unit/%.o,$(UNIT_SRCS))
UNIT_TESTS := $(BUILD)/grader/unit-tests

$(BUILD)/grader/unit/%.o: autograder/tests/unit/%.c $(BUILD)/.deps-grader
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_GRADER) -Iautograder -DUNIT_DIR='"$(abspath autograder/tests/unit)"' -c $< -o $@

$(UNIT_TESTS): $(UNIT_OBJS) $(filter-out $(BUILD)/grader/main.o,$(GRADER_OBJS))
	$(CC) -o $@ $^ -lcriterion -lcjson

-include $(UNIT_OBJS:.o=.d)

.PHONY: grader check watch calibrate mutate test soak clean help test-unit test-grader test-labs test-examples print-grader-packages \
	regrade test-regrade

grader: $(GRADER) ## build the autograder

# The grader exits 0 at full marks, 1 when points were lost, 2 when it could
# not grade.  Lost points are the report's news, not a failure of make: only
# "could not grade" fails the target (as make's status 2).
GRADE_ARGS = --lab "$(lab)" $(if $(impl),--impl "$(impl)") $(if $(test),--test "$(test)") \
	$(if $(checks),--checks "$(checks)")

check: $(GRADER) ## grade a lab: make check lab=pipes [impl=DIR] [test=GLOB] [checks=leaks,...]
	@$(call need_lab_packages,$(lab))
	@$(GRADER) $(GRADE_ARGS) || [ $$? = 1 ]

watch: $(GRADER) ## regrade on every save: make watch lab=pipes [test=GLOB] [checks=...]
	@$(call need_lab_packages,$(lab))
	@scripts/need inotify-tools
	@scripts/watch $(GRADER) $(GRADE_ARGS)

# Each stage has a wall-clock limit so that a broken stage fails instead of
# hanging CI; every stage runs even when one before it failed, so that one CI
# run shows every failure.
STAGE = scripts/stage

test: ## the self-test: grader, labs, examples, handouts, book
	@test -d solutions || { echo "make test is the course's self-test: it needs solutions/, which a handout leaves out. Students: make check lab=NAME"; exit 2; }
	@failed=; \
	$(STAGE) 1200 grader $(MAKE) --no-print-directory test-grader || failed="$$failed grader"; \
	$(STAGE) 3600 labs $(MAKE) --no-print-directory test-labs || failed="$$failed labs"; \
	$(STAGE) 600 examples $(MAKE) --no-print-directory test-examples || failed="$$failed examples"; \
	$(STAGE) 600 regrade $(MAKE) --no-print-directory test-regrade || failed="$$failed regrade"; \
	$(STAGE) 1800 handouts $(MAKE) --no-print-directory test-handout || failed="$$failed handouts"; \
	$(STAGE) 900 book $(MAKE) --no-print-directory test-book || failed="$$failed book"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED stages:$$failed"; exit 1; fi; \
	echo "make test: every stage passed"

test-unit: $(UNIT_TESTS) ## the grader's unit tests (Criterion)
	@$(UNIT_TESTS) --jobs=2

# The script-level suites speak TAP; prove runs them and sums them up.
PROVE := scripts/prove --verbose --timer --exec /bin/bash

test-grader: $(GRADER) $(BUILD)/.deps-test test-unit ## the grader's own tests: unit tests, hostile submissions
	@$(PROVE) autograder/tests/run autograder/tests/labmake_test.sh

# The long proofs that make test leaves out: 20 gradings of a solution in a
# row next to a busy core, and every mutant graded on every check.
soak: $(GRADER) ## long proofs: determinism over 20 runs, mutants on every check
	@test -d solutions || { echo "make soak needs solutions/, which a handout leaves out"; exit 2; }
	@$(call need_lab_packages,$(LABS))
	@$(STAGE) 3600 soak-determinism env DETERMINISM_RUNS=20 DETERMINISM_LABS="$(LABS)" $(PROVE) autograder/tests/run
	@$(STAGE) 7200 soak-labs env MUTANT_CHECKS=all $(PROVE) scripts/test-labs :: $(LABS)

test-labs: $(GRADER) $(BUILD)/.deps-test ## every lab: solution full, skeleton zero, every mutant caught, a sample of the sweep's killed
	@$(call need_lab_packages,$(LABS))
	@$(PROVE) scripts/test-labs scripts/test-mutants :: $(LABS)

test-examples: $(BUILD)/.deps-grader $(BUILD)/.deps-test ## build and run every chapter example
	@$(PROVE) scripts/test-examples

# Every submission of a class, graded with this repository's tests: see
# scripts/regrade/regrade.  jobs= is the number of gradings side by side.
regrade: $(GRADER) $(BUILD)/.deps-test ## grade a class: make regrade lab=NAME from=DIR [jobs=N]
	@$(call need_lab_packages,$(lab))
	@scripts/regrade/regrade "$(lab)" "$(from)" $(jobs)

test-regrade: $(GRADER) $(BUILD)/.deps-test ## make regrade on a small class: tampered, broken, hostile, correct
	@$(call need_lab_packages,syscalls)
	@$(PROVE) scripts/regrade/test-regrade

# The mutation sweep reads the solutions' C with libclang (python3-clang).
MUTATE_PACKAGES := python3-clang gcc jq

mutate: $(GRADER) ## the mutation sweep: make mutate lab=NAME [jobs=N] [resume=1]
	@test -d solutions || { echo "make mutate needs solutions/, which a handout leaves out"; exit 2; }
	@test -n "$(lab)" || { echo "make mutate lab=NAME: which lab? the labs are: $(LABS)"; exit 2; }
	@scripts/need $(MUTATE_PACKAGES)
	@$(call need_lab_packages,$(lab))
	@scripts/mutate "$(lab)" $(or $(jobs),2) $(if $(resume),--resume)

calibrate: $(GRADER) ## time the solution's tests for the grader's limits: make calibrate lab=NAME
	@$(call need_lab_packages,$(lab))
	@scripts/calibrate "$(lab)"

print-grader-packages: ## the Debian packages grading any lab needs, on one line
	@echo $(GRADER_PACKAGES)

clean: ## remove build/
	rm -rf $(BUILD)

# The targets that need solutions/ or the grader's own tests, which a
# student's handout leaves out: `make help` there does not list them.
COURSE_ONLY := test test-unit test-grader soak test-labs test-examples calibrate regrade test-regrade mutate

help: ## list the targets
	@echo "Targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' \
		-v hide="$(if $(wildcard solutions),,$(COURSE_ONLY))" \
		'BEGIN { split(hide, h, " "); for (i in h) hidden[h[i]] = 1 } !($$1 in hidden) { printf "  %-22s %s\n", $$1, $$2 }'
	@echo "Labs: $(LABS)"

-include book/book.mk
-include scripts/handout.mk
