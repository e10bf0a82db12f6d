import sys

from benchmarks.arcd.run import main

sys.exit(main())
