//! Online clustering of articles into stories for newsfold.
