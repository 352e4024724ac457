"""Lighthouse scores for the home page and a worksheet (run by make bench).

The code lives in guide/checks/lighthouse.py, which the tests import too; this is its command.
"""
import sys

from guide.checks.lighthouse import main

sys.exit(main())
