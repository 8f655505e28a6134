"""The interest list: "tell me when there is a training near me", with double opt-in."""
