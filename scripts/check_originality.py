"""Fail when 8 words in a row on the built site match a seed article.

The code lives in guide/checks/originality.py, which the tests import too; this is its command.
"""
import sys

from guide.checks.originality import main

sys.exit(main(sys.argv))
