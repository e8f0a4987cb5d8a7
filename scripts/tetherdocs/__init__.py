"""The documentation pipeline of tether: per-language builds, banners and translation status."""
