import sys

from meeting_room.cli import main

sys.exit(main())
