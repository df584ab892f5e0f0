"""People named in the minutes who may have no account: chairs, secretaries, attendees and
owners of action items, recognised across meetings and linkable to an account or a staff
entry of the directory later."""
