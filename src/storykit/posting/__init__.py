"""Publishing stories' kits to Bluesky and Mastodon, exactly once, with a ledger."""
