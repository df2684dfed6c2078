"""Print and screen: flyers and kennel cards as PDF (fpdf2), and the lobby slideshow's data."""
