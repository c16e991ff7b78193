-- function bodies are checked when called, not when (re)created: the function files refer to each other
SET LOCAL check_function_bodies = off;
