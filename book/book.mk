# book.mk - the online book: `make book` builds it, `make test-book` proves it.
#
# Included by the top Makefile.  mkdocs and the Material theme come from
# Debian's (or Ubuntu's) packages and run on the system python (not a pyenv
# one on PATH); book/hooks.py adds the chapters and the grading tables, from
# what the grader reads of each lab (`grade describe`: the grader is built
# first), and draws each chapter's figures (chapters/NAME/figures/*.dot)
# with graphviz.
# The checks live in book/scripts/ and book/tests/: see book/scripts/test-book.
# The browser test uses $(CHROMIUM) if set, else Debian's chromium (installed
# when missing), else Google Chrome where it is installed (GitHub's runners).

BOOK_DIR := $(BUILD)/book
BOOK_SITE := $(BOOK_DIR)/site
BOOK_PACKAGES := mkdocs mkdocs-material graphviz
BOOK_TEST_PACKAGES := linkchecker
BOOK_PYTHON := /usr/bin/python3

.PHONY: book test-book

$(BUILD)/.deps-book: scripts/need
	@mkdir -p $(@D)
	@scripts/need $(BOOK_PACKAGES)
	@touch $@

$(BUILD)/.deps-book-test: scripts/need
	@mkdir -p $(@D)
	@scripts/need $(BOOK_TEST_PACKAGES)
	@touch $@

book: $(BUILD)/.deps-book $(GRADER) ## build the online book into build/book/site
	@timeout -k 5 300 $(BOOK_PYTHON) -m mkdocs build --strict -f book/mkdocs.yml -d "$(CURDIR)/$(BOOK_SITE)"
	@echo "book: $(BOOK_SITE)/index.html"

test-book: book $(BUILD)/.deps-book-test $(BUILD)/.deps-test ## the book: strict build, snippets, links, hint anchors, grading tables, browser
	@BOOK_PYTHON=$(BOOK_PYTHON) $(PROVE) book/scripts/test-book :: "$(BOOK_SITE)" "$(BOOK_DIR)"
