"""Text rules: platforms, how they count, hashtags, words that agree, sentences, safe HTML."""
