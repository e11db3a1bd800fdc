"""The signed REST API (`/api/v1`) and its webhooks, on the same `LessonService` and the same
turns as the chat, served by the chat app's process."""
