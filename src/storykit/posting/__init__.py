"""Publishing stories' kits to Bluesky and Mastodon, exactly once, with a ledger."""

PLATFORMS = ("bluesky", "mastodon")  # the platforms storykit posts to itself
