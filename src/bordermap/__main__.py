from bordermap.cli import main

raise SystemExit(main())
