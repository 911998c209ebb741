"""Staff screens over members' data: masked by default, every view logged."""
