"""Type every query of data/search-queries.yml into the built site's search.

The code lives in guide/search_quality.py, which the tests import too; this is its command.
"""
import sys

from guide.search_quality import main

sys.exit(main())
