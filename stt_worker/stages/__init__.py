"""Optional stages after STT: privacy removal, call classification, the AI agent."""
