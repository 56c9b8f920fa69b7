from exograph.cli import main

raise SystemExit(main())
