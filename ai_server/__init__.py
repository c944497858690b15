"""The FastAPI orchestrator in front of the RunPod worker."""
