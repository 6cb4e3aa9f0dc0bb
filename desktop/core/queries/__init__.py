"""The read side: query functions that return frozen DTOs, never ORM objects."""
