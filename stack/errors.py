"""The one error type the stack raises: its message is shown to the user as it is."""


class StackError(RuntimeError):
    pass
