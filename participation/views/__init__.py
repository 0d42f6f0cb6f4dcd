"""The citizen's and the public's pages: a person's own participation page, their
data and erasure, and the public pages of organisations and cycles."""
