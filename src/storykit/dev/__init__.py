"""While writing: the preview server and the watcher that rebuilds on save."""
