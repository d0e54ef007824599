"""The referral knowledge base: `data/kb/` built into SQLite, asked through `ReferralKB`."""
