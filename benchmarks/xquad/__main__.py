import sys

from benchmarks.xquad.run import main

sys.exit(main())
