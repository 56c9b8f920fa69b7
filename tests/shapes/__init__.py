"""Shape tests: self-describing cases, bad inputs through the CLI, generated shapes."""
