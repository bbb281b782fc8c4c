"""The onboarding interview (questions), what is read from the answers (parse), the taxonomy
matching the mentors app registers (matching), the profile built on completion (builder), the
assistant offered to some personas (agents), and the writes (services)."""
