/** The service's name, as every page's header and every email's footer gives it. */
export const SERVICE_NAME = 'Manage drug rehabilitation reviews'
