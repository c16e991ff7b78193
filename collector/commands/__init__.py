"""One module per `kunang` subcommand: `add_arguments(parser)` and `run(args)`."""
