from watchlist.cli import main

main()
