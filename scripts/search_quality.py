"""Type every query of data/search-queries.yml into the built site's search.

The code lives in guide/checks/search_quality.py, which the tests import too; this is its command.
"""
import sys

from guide.checks.search_quality import main

sys.exit(main())
