import sys

from ectui.cli import main

sys.exit(main())
