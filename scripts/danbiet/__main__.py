import sys

from danbiet.cli import main

sys.exit(main())
