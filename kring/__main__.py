from kring.cli import main

main()
