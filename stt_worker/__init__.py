"""The RunPod serverless STT worker: fetch → decode → transcribe (faster-whisper) → render."""
