/* dossiersco — documents: uploads as soon as a file is picked (filled in next). */
