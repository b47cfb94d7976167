package dossier

import "archive/zip"

// CheckZipMember is the zip guard of the dossier upload for other uploads:
// it refuses members that could escape a folder or are not plain files
// (absolute paths, "..", backslashes, symbolic links, encryption).
func CheckZipMember(f *zip.File) error { return checkMember(f) }
