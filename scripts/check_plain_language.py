"""Readability of the built site: grade, sentence length, per page.

The code lives in guide/plain_language.py, which the tests import too; this is its command.
"""
import sys

from guide.plain_language import main

sys.exit(main(sys.argv))
