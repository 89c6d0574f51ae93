"""Readers for bulk imports: files, folders and zips of JSON, JSONL, CSV and plain text.

Each format is a small pure generator that turns an open text stream into records
(the decoded fields plus the raw text exactly as read, with an origin naming the file,
the member inside a zip and the record number). `files` walks paths and zips and picks
the reader; `mapping` turns a record into the article fields the archive stores.
"""
