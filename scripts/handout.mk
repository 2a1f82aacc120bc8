# handout.mk - student handouts, the GitHub Classroom workflow, Gradescope.
#
#   make handout [lab=pipes]     build/handout/course/ (every lab) or build/handout/pipes/
#   make gradescope lab=pipes    build/gradescope/pipes.zip
#   make test-handout            no solution content; Classroom and Gradescope scores match the grader
#
# A handout is a template repository for GitHub Classroom: what `make check`
# needs, a README linking the book, a dev container, and
# .github/workflows/classroom.yml generated from the labs' lab.json.
# BOOK_URL is where the book is published (default: BOOK_SITE_URL, as the book
# uses; else build-handout works it out from the repository's GitHub name).

BOOK_URL ?= $(BOOK_SITE_URL)
HANDOUT_ENV = PACKAGES="$(GRADER_PACKAGES)" BOOK_URL="$(BOOK_URL)"

.PHONY: handout gradescope test-handout

handout: ## a student template repo, no solutions: make handout [lab=pipes]
	@$(HANDOUT_ENV) scripts/handout/build-handout \
		$(BUILD)/handout/$(if $(lab),$(lab),course) $(if $(lab),$(lab),$(LABS))

gradescope: ## the Gradescope autograder zip: make gradescope lab=pipes
	@test -n "$(lab)" || { echo "make gradescope: say which lab, e.g. make gradescope lab=pipes" >&2; exit 2; }
	@$(HANDOUT_ENV) scripts/handout/build-gradescope "$(lab)" $(BUILD)/gradescope/$(lab).zip

test-handout: $(GRADER) $(BUILD)/.deps-test ## handouts: no solution content, Classroom and Gradescope scores match
	@$(HANDOUT_ENV) GRADER_BIN=$(GRADER) $(PROVE) scripts/handout/test-handout $(if $(lab),:: $(lab))
