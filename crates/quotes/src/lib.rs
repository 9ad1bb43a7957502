//! Direct quote extraction, speaker attribution and quote variant clustering for newsfold.
