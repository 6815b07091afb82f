raise RuntimeError("this module cannot load")
