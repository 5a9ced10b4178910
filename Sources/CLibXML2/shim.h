#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
// Types and constants only: nothing links libxml2, which is opened at run time (LibXML2.swift).
#include <libxml/xmlversion.h>
// libxml2's headers pull in the system ICU when it was built with ICU; that clashes with the
// ICU copy inside Foundation. Nothing here uses libxml2's ICU-specific encoding fields.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#endif
