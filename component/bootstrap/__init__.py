"""The composition root: settings from the environment (`environment`), every collaborator built once
(`root`), the ASGI app around them (`app`) and the dependent-API watcher (`watcher`)."""
