"""Readability of the built site: grade, sentence length, per page.

The code lives in guide/checks/plain_language.py, which the tests import too; this is its command.
"""
import sys

from guide.checks.plain_language import main

sys.exit(main(sys.argv))
