"""The uploads app stores no tables of its own: attachments are content.Attachment rows."""
